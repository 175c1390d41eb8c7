package com.partnercredit.wiring;

import com.partnercredit.config.RuleTablesLoader;
import com.partnercredit.domain.CreditEngine;
import com.partnercredit.domain.RuleTables;
import dagger.Module;
import dagger.Provides;
import javax.inject.Singleton;

/**
 * The rules engine with the effective-dated point rates, currency equivalents and tier policies
 * shipped in {@code shared/src/main/resources/domain/}, loaded once at init. Functions that read
 * facts include it next to {@link ConfigModule} and {@link AwsModule} (for the store).
 */
@Module(includes = {ConfigModule.class, AwsModule.class, MetricsModule.class})
public final class RulesModule {
  private RulesModule() {}

  @Provides
  @Singleton
  static RuleTables ruleTables() {
    return RuleTablesLoader.fromClasspath();
  }

  @Provides
  @Singleton
  static CreditEngine engine(RuleTables rules) {
    return new CreditEngine(rules);
  }
}
