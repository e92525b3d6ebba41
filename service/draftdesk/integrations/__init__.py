"""The helpdesk edge: Zendesk and Chatwoot webhooks in, private notes out.

- `signatures`: is a delivery genuine and fresh (pure, takes `now`)
- `zendesk`, `chatwoot`: a delivery's body → `Delivery` (ticket, note target, de-duplication
  key) or `Ignored`
- `notes`: a draft → the note's text (templates under prompts/notes/)
- `clients`: post the note; failures split into retryable and permanent
- `settings`: each helpdesk's settings from the environment; None when not configured
"""
