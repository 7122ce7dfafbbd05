"""Territory engine figures (issue 5): each script prints its figures and a same-run baseline."""
