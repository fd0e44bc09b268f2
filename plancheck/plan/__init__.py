"""What a plan is: its schema model, its values (dates, quantities), and the plain plan data the engine runs on."""
