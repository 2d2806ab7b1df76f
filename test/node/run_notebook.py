"""Executes a notebook top to bottom in a real Jupyter kernel and writes the executed copy.

    python run_notebook.py IN.ipynb OUT.ipynb [KERNEL_NAME]

Run with the Python whose site has edgegrad installed (a venv): KERNEL_NAME names a kernelspec
registered for that venv (`python -m ipykernel install --sys-prefix --name ...`), so the kernel
imports the package that was pip-installed, not whatever the system's default kernel sees.
Cell errors stop the run (exit status 1) after the executed copy is written.
"""
import sys

import nbformat
from nbclient import NotebookClient
from nbclient.exceptions import CellExecutionError

src, out = sys.argv[1], sys.argv[2]
kernel = sys.argv[3] if len(sys.argv) > 3 else "python3"
nb = nbformat.read(src, as_version=4)
client = NotebookClient(nb, kernel_name=kernel, timeout=None, allow_errors=False)
status = 0
try:
    client.execute()
except CellExecutionError as err:
    print(str(err)[:4000], file=sys.stderr)
    status = 1
nbformat.write(nb, out)
sys.exit(status)
