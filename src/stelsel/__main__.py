from stelsel.cli import main

main()
