"""One module per production-graph node: call the agent, write its records, return an update."""
