/**
 * Metrics in CloudWatch's Embedded Metric Format: a {@link com.partnercredit.metrics.Measurement}
 * per request or run, written by {@link com.partnercredit.metrics.EmfMetrics} through the narrow
 * {@link com.partnercredit.metrics.Metrics} interface, which tests replace. An adapter: it knows
 * the log package (its JSON lines), never the store, HubSpot, HTTP or config adapters.
 */
package com.partnercredit.metrics;
