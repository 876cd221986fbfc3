"""Review of mlkit results in a browser: one queue of doubtful items, decisions kept in SQLite, a static report.

The modules are small and import nothing heavy: `items` turns Documents into queue items, `store` keeps the
decisions, `beads` replays alignment edits, `render` writes escaped HTML, `app` is the WSGI application, and
`report` writes the read-only static page.
"""
