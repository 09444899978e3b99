"""`make audit`: pip-audit against the pinned requirements, failing on any known vulnerability.

pip-audit resolves requirements.txt (with its transitive pins) and asks PyPI's advisory data
about each exact version. When it could look up none of them, the advisory service is not
reachable from this machine (the package index may be a mirror without PyPI's per-version JSON):
then nothing was audited, and this says so loudly instead of pretending the pins are clean.
A package that alone cannot be looked up while others can is a failure.

Usage: python -m tools.audit [requirements.txt]
"""
from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

BANNER = "!" * 78


def run_pip_audit(requirements: str) -> tuple[int, dict | None, str]:
    pip_audit = Path(sys.executable).with_name("pip-audit")
    result = subprocess.run(
        [str(pip_audit), "-r", requirements, "--format", "json", "--progress-spinner", "off"],
        capture_output=True,
        text=True,
    )
    try:
        report = json.loads(result.stdout)
    except json.JSONDecodeError:
        report = None
    return result.returncode, report, result.stderr


def verdict(report: dict) -> tuple[int, str]:
    """(exit code, what to print) for pip-audit's JSON report."""
    dependencies = report["dependencies"]
    vulnerable = [dep for dep in dependencies if dep.get("vulns")]
    skipped = [dep for dep in dependencies if "skip_reason" in dep]
    if vulnerable:
        lines = [
            f"{dep['name']} {dep['version']}: {vuln['id']} (fixed in {', '.join(vuln.get('fix_versions') or ['no release yet'])})"
            for dep in vulnerable
            for vuln in dep["vulns"]
        ]
        return 1, "Known vulnerabilities in the pinned requirements:\n  " + "\n  ".join(lines)
    if dependencies and len(skipped) == len(dependencies):
        return 0, "\n".join(
            [
                BANNER,
                f"AUDIT SKIPPED: pip-audit could look up none of the {len(dependencies)} pinned packages",
                f"  (first answer: {skipped[0]['skip_reason']}).",
                "  The vulnerability advisory service is not reachable from this machine,",
                "  so NOTHING WAS AUDITED. Run `make audit` where PyPI's JSON API answers.",
                BANNER,
            ]
        )
    if skipped:
        names = ", ".join(f"{dep['name']} ({dep['skip_reason']})" for dep in skipped)
        return 1, f"These pinned packages could not be audited: {names}"
    return 0, f"No known vulnerabilities in the {len(dependencies)} pinned packages."


def main(argv: list[str]) -> int:
    requirements = argv[1] if len(argv) > 1 else "requirements.txt"
    code, report, errors = run_pip_audit(requirements)
    if report is None:
        print(f"pip-audit failed (exit {code}) before reporting:\n{errors}", file=sys.stderr)
        return code or 1
    status, message = verdict(report)
    print(message, file=sys.stderr if status else sys.stdout)
    return status


if __name__ == "__main__":
    sys.exit(main(sys.argv))
