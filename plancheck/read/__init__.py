"""Reading input: files as given, text and its encodings, YAML with positions, plan documents and their sections, and validation with every error placed."""
