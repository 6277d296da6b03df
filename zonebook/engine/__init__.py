"""The build engine: papermill execution on forked kernels, the inputs each notebook read, the manifest that says which notebooks are stale. Imports `zonebook.data` and `zonebook.core`."""
