from django.contrib.auth.backends import ModelBackend, UserModel


class UsernameOrStudentNumberBackend(ModelBackend):
    """Log in with a username or a student number (学号); the user manager looks up both."""

    def get_user(self, user_id):
        # Every page reads the school (its time zone, its name in the menu): one query with the user, not two.
        try:
            user = UserModel._default_manager.select_related("school").get(pk=user_id)
        except UserModel.DoesNotExist:
            return None
        return user if self.user_can_authenticate(user) else None
