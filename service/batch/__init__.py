"""Batch audits: every report of a year analysed at once, every input accounted for, a workbook at the end.

``inputs`` finds the files (folders, .zip archives, a mapping of files to units), ``work`` analyses one file
into a compact ``Outcome`` (the unit of work of a worker, on this machine or on a Dask cluster), ``engine``
runs them with a cache in the database so that an interrupted audit resumes, and ``audit`` puts it together.
"""
