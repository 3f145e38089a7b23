"""Password hashers, chosen for the login that 200 pupils do in the last minute before a deadline.

``PasswordHasher`` (the preferred one) is Argon2id at the cost OWASP's Password Storage Cheat Sheet gives
as its first configuration: 19 MiB of memory, 2 passes, 1 lane. It takes about 30 ms on one core of the
2-core machine, where Django's default (PBKDF2-SHA256, 1,000,000 iterations) takes about 350 ms: with the
default, 200 logins alone cost 70 CPU seconds, more than the minute the rush lasts (docs/performance.md,
"Deadline rush"). Memory-hard Argon2 at this cost resists guessing on graphics cards better than PBKDF2 at
its full cost. The 19 MiB are per login in progress: 4 web workers need under 80 MiB at once.

Hashes made with an earlier hasher (PBKDF2 from before) still check, and Django re-hashes them with this
one at the person's next login.

``InitialPasswordHasher``: a school imports thousands of students at once; hashing each initial password
with a full work factor would take minutes. These passwords are random, printed on a slip and must be
changed at the first login, at which moment Django re-hashes with the preferred hasher because this one is
not it. The work factor is lowered, not removed.
"""

from django.contrib.auth.hashers import Argon2PasswordHasher, PBKDF2PasswordHasher


class PasswordHasher(Argon2PasswordHasher):
    # The algorithm name stays "argon2": the stored hash carries its own parameters, and Django's
    # Argon2PasswordHasher re-hashes (must_update) any hash whose parameters differ from these.
    time_cost = 2
    memory_cost = 19 * 1024  # KiB
    parallelism = 1


class InitialPasswordHasher(PBKDF2PasswordHasher):
    algorithm = "pbkdf2_sha256_initial"
    iterations = 1_000
