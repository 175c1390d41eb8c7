/**
 * The rulebook ({@code docs/rules.md}) as pure Java: facts in, credit, points and tiers out.
 *
 * <p>Read top-down:
 * <ol>
 *   <li>{@link com.partnercredit.domain.Fact} and its records: the world of rulebook section 1,
 *       one record per fact type, named with the rulebook's words.</li>
 *   <li>{@link com.partnercredit.domain.FactOrder}: "results depend only on the facts and their
 *       times" (section 1) and the same-timestamp order (section 3).</li>
 *   <li>{@link com.partnercredit.domain.Facts}: a fact set, indexed by partner and client.</li>
 *   <li>{@link com.partnercredit.domain.ClientAccountTimeline}: the four steps (section 2),
 *       assignment (section 3), 60-day expiry (section 5) and the end of a relationship
 *       (section 6), decided at each activity's own time.</li>
 *   <li>{@link com.partnercredit.domain.Money#splitEvenly}: the split (section 7).</li>
 *   <li>{@link com.partnercredit.domain.PointRates}, {@link com.partnercredit.domain.CurrencyEquivalents},
 *       {@link com.partnercredit.domain.Points}: points (section 8).</li>
 *   <li>{@link com.partnercredit.domain.SoldPoints}: sold points (section 9).</li>
 *   <li>{@link com.partnercredit.domain.TierPolicy}: tiers (section 10).</li>
 *   <li>{@link com.partnercredit.domain.CreditEngine}: the entry point that puts it together.</li>
 * </ol>
 *
 * <p>No I/O and no AWS types here (an ArchUnit test keeps it so); the data tables are loaded by
 * {@code com.partnercredit.config.RuleTablesLoader}.
 */
package com.partnercredit.domain;
