"""System check: a matrix configuration that cannot be used is reported at start-up, not at the first level set."""

from typing import Any

from django.core.checks import CheckMessage, Error, register

from stelsel.policy.threat_matrix import MatrixConfigError


@register()
def threat_matrices_are_valid(app_configs: Any = None, **kwargs: Any) -> list[CheckMessage]:
    from stelsel.intel.matrices import configured_file, matrices

    try:
        matrices()
    except MatrixConfigError as error:
        return [Error(str(error), hint=f"Controleer {configured_file()}.", id="intel.E001")]
    return []
