"""The foundation every layer stands on: project paths, the Problem and DataError every message is made of, the chapter list, folder locks. Imports nothing of zonebook."""
