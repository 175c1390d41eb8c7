package com.partnercredit.store;

import java.lang.annotation.Documented;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import javax.inject.Qualifier;

/**
 * The name of the single DynamoDB table, as bound by the wiring. A qualifier of the store's own, so
 * that the store never imports the wiring for a constant.
 */
@Qualifier
@Documented
@Retention(RetentionPolicy.RUNTIME)
public @interface TableName {}
