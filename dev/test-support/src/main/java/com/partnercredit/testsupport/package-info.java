package com.partnercredit.testsupport;
