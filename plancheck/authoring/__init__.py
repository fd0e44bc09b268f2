"""For rule and plan authors: plan skeletons, explanations, rule pages, and running rules' examples."""
