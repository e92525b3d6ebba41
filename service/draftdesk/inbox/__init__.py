"""The inbox: every ticket that reaches Draftdesk, with how far its reply has got and
how long the customer has waited.

- `model`: a ticket's inbox row, its states, the response-time classes and the rows'
  transitions (data and pure functions)
- `desk`: what `/v1/tickets` and `draftdesk tickets` do (store a ticket, list the
  inbox a page at a time, show one ticket)

The rows live in the `inbox` table (`adapters/sql_inbox.py`), kept by the desks as
things happen: a ticket stored, a helpdesk's job queued or ended, a draft created,
edited or approved. Listing reads that table only, so a page of 5,000 tickets is one
indexed query.
"""
