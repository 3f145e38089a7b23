"""Festival and competition pages, by object: ``festivals`` and ``competitions``; ``mixins`` load them from the URL."""
