"""HTTP plumbing shared by the stages that talk to servers: the polite arXiv client and the one retry policy."""
