package com.partnercredit.testsupport;

class TableIsolationSecondIT extends TableIsolationContract {}
