package com.partnercredit.domain;

/**
 * The next tier up and what is still missing to reach it (section 10).
 *
 * @param pointsNeeded the least number of further total points that could meet every minimum
 */
public record NextTier(
    Tier tier, Points pointsNeeded, Points soldPointsNeeded, Points managedPointsNeeded,
    long qualifyingActivitiesNeeded) {}
