"""What the tests share, in one place: test modules import from here, never from each other.

- `fictional`: a copy of the data with the fictional years of tests/fixtures/editions;
- `chapter`: one cell of a copy changed, a section's output, a chapter's page;
- `tiny`: the smallest project (fixture templates, the data they read, a stand-in package);
- `tables`: CSV rows read and written as staff's tools do;
- `repo`: the published book and data in a git repository, and one value changed in it;
- `attacks`: the CLI run in-process, digests of folders, the markup the attack cases use;
- `browser`: a site served over HTTP and a tab that records what each page does.
"""
