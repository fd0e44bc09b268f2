from plancheck.launcher import main

main()
