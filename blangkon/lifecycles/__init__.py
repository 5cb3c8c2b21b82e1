"""One mechanism for every state machine: a machine is a table (data), moved by
one function, `transition()`, that locks the row, checks the table and the
guards, sets the status with its timestamp and companion fields, and writes a
history row and an audit row, all in one transaction.

See docs/domain/lifecycles.md (the tables, drawn) and docs/architecture.md.
"""
