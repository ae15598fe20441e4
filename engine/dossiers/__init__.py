"""The dossier spine (hồ sơ): the step, what each behaviour does, submission, tasks, requests, results."""
