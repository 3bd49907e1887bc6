"""CI for content repositories: report formats a forge reads, and the CI templates stelsel writes."""
