"""suite: params files, the notebook stages and the papermill run."""
