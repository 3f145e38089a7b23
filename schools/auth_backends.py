from django.contrib.auth.backends import ModelBackend


class UsernameOrStudentNumberBackend(ModelBackend):
    """Log in with a username or a student number (学号); the user manager looks up both."""
