"""``python -m api``: the same CLI as the ``twinreel`` command."""

from api.cli import main

main()
