"""Threat information (§3): threat levels set by the authority from a versioned severity x likelihood matrix."""
