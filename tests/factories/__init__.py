"""factory_boy factories, one module per app: ``schools``, ``competitions``, ``submissions``, ``judging``,
``awards`` and ``exports``.

A factory builds a row with nothing around it. Where a test needs what a service does (an entry submitted with
its code, its file and its audit record; scores that judges saved), the module also has a small builder that
goes through that service (``submitted_entry``, ``score_all``, ``build_award_festival``).
"""
