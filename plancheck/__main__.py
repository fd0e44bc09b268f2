from plancheck.cli.launcher import main

main()
