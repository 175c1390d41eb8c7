package com.partnercredit.testsupport;

class TableIsolationFirstIT extends TableIsolationContract {}
