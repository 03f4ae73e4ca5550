"""report: charts, the Chinese narrative and the self-contained HTML report."""
