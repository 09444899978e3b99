"""The only place state changes: one function per user intention.

Each checks permission, validates, writes, queues its events and commits once.
"""
