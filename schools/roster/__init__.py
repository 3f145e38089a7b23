"""The roster import (花名册导入): reading and checking a roster workbook, and the workbooks it hands out.

Schools keep their rosters in Excel files that people typed by hand: a title row above the header,
blank lines, full-width digits and brackets (初二（3）班), spaces around and inside names, student
numbers stored as numbers, birth dates as Excel dates, serial numbers or text in several formats.
This package turns such a workbook into clean rows, or into a list of row-level errors that say, in the
user's language, which sheet, which row (as Excel shows it), which column and what is wrong.

- ``values``: cell values as people type them, turned into clean Python values;
- ``layout``: the columns of a students or teachers sheet and how a header row is recognised;
- ``rows``: what reading gives (rows, ``RowError``, ``RosterInvalid``) and what an import reports;
- ``read``: the workbook read into a ``Roster``, collecting every error (``roster_parse``, ``roster_read``);
- ``check``: the rows checked against the database (``roster_check``);
- ``sheets``: the template and the credentials sheet (账号密码), written by ``core.exporters``.

Nothing here writes to the database; ``schools.services.roster_import`` does that once the whole
file is known to be good.
"""

from .check import roster_check
from .layout import COLUMN_LABELS
from .read import roster_file_problem, roster_parse, roster_read
from .rows import COUNT_LABELS, Roster, RosterInvalid, RowError, StudentRow, TeacherRow, errors_in_order
from .sheets import Credential, credentials_filename, credentials_workbook, template_workbook

__all__ = [
    "COLUMN_LABELS",
    "COUNT_LABELS",
    "Credential",
    "Roster",
    "RosterInvalid",
    "RowError",
    "StudentRow",
    "TeacherRow",
    "credentials_filename",
    "credentials_workbook",
    "errors_in_order",
    "roster_check",
    "roster_file_problem",
    "roster_parse",
    "roster_read",
    "template_workbook",
]
