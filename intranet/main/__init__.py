"""The home page, the navigation by role, and the filters every template uses."""
