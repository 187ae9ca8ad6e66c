"""Bulk import of reports from other systems' exports; every row goes through submit_report.

    signalen_csv  the Signalen-style CSV (e.g. Assen's public export)
    denhaag       The Hague's "Meldingen Openbare Ruimte" export (RD New coordinates)
    generic_csv   any CSV through a column-mapping file (JSON or YAML)
"""
