"""A cheaper hasher for the single-use passwords that a roster import hands out.

A school imports thousands of students at once; hashing each initial password with the full PBKDF2
work factor would take minutes. These passwords are random, printed on a slip and must be changed at
the first login, at which moment Django re-hashes with the preferred (first) hasher because this one is
not it. The work factor is lowered, not removed.
"""

from django.contrib.auth.hashers import PBKDF2PasswordHasher


class InitialPasswordHasher(PBKDF2PasswordHasher):
    algorithm = "pbkdf2_sha256_initial"
    iterations = 1_000
