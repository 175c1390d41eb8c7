package com.partnercredit.domain.bench;

import com.partnercredit.config.RuleTablesLoader;
import com.partnercredit.domain.Activity;
import com.partnercredit.domain.ClientCredit;
import com.partnercredit.domain.ClientUpserted;
import com.partnercredit.domain.ClientUserAdded;
import com.partnercredit.domain.CreditEngine;
import com.partnercredit.domain.EmployeeAdded;
import com.partnercredit.domain.Evaluation;
import com.partnercredit.domain.Fact;
import com.partnercredit.domain.Facts;
import com.partnercredit.domain.Money;
import com.partnercredit.domain.PartnerBreakdown;
import com.partnercredit.domain.PartnerRegistered;
import com.partnercredit.domain.Points;
import com.partnercredit.domain.SubscriptionChanged;
import java.lang.management.ManagementFactory;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Currency;
import java.util.List;
import java.util.Random;

/**
 * The budget: evaluate 100,000 clients, each serviced by 2 partners with 3 employees each
 * (every employee a user on the client), 20 qualifying activities per employee: 12,000,000 activities.
 * Partners come from a pool of 1,000 (each services about 200 clients), as in a real book of partners.
 *
 * <p>A plain main, single-threaded: builds the facts, warms up, then times {@code Facts.of} (indexing
 * what the store returned) and {@code CreditEngine.evaluate} separately, several times, and prints
 * the median and minimum wall time and the bytes allocated by this thread
 * ({@code com.sun.management.ThreadMXBean#getThreadAllocatedBytes}). Nothing is asserted; it reports.
 *
 * <pre>
 * mvn -B -Dmaven.repo.local=... -pl shared -am test-compile
 * mvn -B -Dmaven.repo.local=... -pl shared exec:java -Dexec.classpathScope=test \
 *     -Dexec.mainClass=com.partnercredit.domain.bench.EngineBenchmark [-Dexec.args="clients runs"]
 * </pre>
 */
public final class EngineBenchmark {

  static final int PARTNER_POOL = 1_000;
  static final int EMPLOYEES_PER_PARTNER = 3;
  static final int ACTIVITIES_PER_EMPLOYEE = 20;
  static final Instant AS_OF = Instant.parse("2026-03-02T10:00:00Z");
  static final String[] CURRENCIES = {"USD", "USD", "EUR", "GBP", "JPY", "AUD"};

  public static void main(String[] args) {
    int clients = args.length > 0 ? Integer.parseInt(args[0]) : 100_000;
    int runs = args.length > 1 ? Integer.parseInt(args[1]) : 5;
    int warmups = 2;

    long buildStart = System.nanoTime();
    List<Fact> facts = facts(clients);
    System.out.printf("built %,d facts (%,d clients, %,d activities) in %.1f s%n", facts.size(), clients,
        (long) clients * 2 * EMPLOYEES_PER_PARTNER * ACTIVITIES_PER_EMPLOYEE,
        (System.nanoTime() - buildStart) / 1e9);

    CreditEngine engine = new CreditEngine(RuleTablesLoader.fromClasspath());
    com.sun.management.ThreadMXBean threads =
        (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();
    long thread = Thread.currentThread().getId();

    long[] indexNanos = new long[runs];
    long[] evaluateNanos = new long[runs];
    long[] indexBytes = new long[runs];
    long[] evaluateBytes = new long[runs];
    long[] indexCpu = new long[runs];
    long[] evaluateCpu = new long[runs];
    String summary = "";
    for (int i = -warmups; i < runs; i++) {
      System.gc();
      long b0 = threads.getThreadAllocatedBytes(thread);
      long c0 = threads.getCurrentThreadCpuTime();
      long t0 = System.nanoTime();
      Facts indexed = Facts.of(facts);
      long t1 = System.nanoTime();
      long c1 = threads.getCurrentThreadCpuTime();
      long b1 = threads.getThreadAllocatedBytes(thread);
      Evaluation evaluation = engine.evaluate(indexed, AS_OF);
      long t2 = System.nanoTime();
      long c2 = threads.getCurrentThreadCpuTime();
      long b2 = threads.getThreadAllocatedBytes(thread);
      summary = summary(evaluation);
      System.out.printf("%s %d: index %.3f s (cpu %.3f), evaluate %.3f s (cpu %.3f); allocated %,d + %,d MB%n",
          i < 0 ? "warm-up" : "run", i < 0 ? i + warmups + 1 : i + 1, (t1 - t0) / 1e9, (c1 - c0) / 1e9,
          (t2 - t1) / 1e9, (c2 - c1) / 1e9, (b1 - b0) >> 20, (b2 - b1) >> 20);
      if (i >= 0) {
        indexNanos[i] = t1 - t0;
        evaluateNanos[i] = t2 - t1;
        indexBytes[i] = b1 - b0;
        evaluateBytes[i] = b2 - b1;
        indexCpu[i] = c1 - c0;
        evaluateCpu[i] = c2 - c1;
      }
    }
    System.out.println("result: " + summary);
    report("Facts.of (index)", indexNanos, indexCpu, indexBytes);
    report("CreditEngine.evaluate", evaluateNanos, evaluateCpu, evaluateBytes);
    long[] both = new long[runs];
    long[] bothCpu = new long[runs];
    long[] bothBytes = new long[runs];
    for (int i = 0; i < runs; i++) {
      both[i] = indexNanos[i] + evaluateNanos[i];
      bothCpu[i] = indexCpu[i] + evaluateCpu[i];
      bothBytes[i] = indexBytes[i] + evaluateBytes[i];
    }
    report("index + evaluate", both, bothCpu, bothBytes);
    System.out.println("(wall = elapsed time; cpu = this thread's CPU time, which excludes time the machine"
        + " gave to other processes but includes nothing of the GC threads; MB/s = allocated / median wall)");
    System.out.printf("JVM: %s %s, %d available processors, max heap %,d MB%n",
        System.getProperty("java.vm.name"), System.getProperty("java.version"),
        Runtime.getRuntime().availableProcessors(), Runtime.getRuntime().maxMemory() >> 20);
  }

  static void report(String what, long[] nanos, long[] cpuNanos, long[] bytes) {
    long[] sorted = nanos.clone();
    Arrays.sort(sorted);
    double median = median(sorted) / 1e9;
    double min = sorted[0] / 1e9;
    long[] cpu = cpuNanos.clone();
    Arrays.sort(cpu);
    long[] b = bytes.clone();
    Arrays.sort(b);
    double mb = median(b) / (1024.0 * 1024.0);
    System.out.printf("%-22s wall median %.3f s, min %.3f s; cpu median %.3f s, min %.3f s; over %d runs;"
        + " allocated %.0f MB per run, %.0f MB/s%n",
        what, median, min, median(cpu) / 1e9, cpu[0] / 1e9, nanos.length, mb, mb / median);
  }

  static double median(long[] sorted) {
    int n = sorted.length;
    return n % 2 == 1 ? sorted[n / 2] : (sorted[n / 2 - 1] + sorted[n / 2]) / 2.0;
  }

  /** What the evaluation found, so that the work cannot be skipped and the figures can be checked. */
  static String summary(Evaluation evaluation) {
    long serviced = 0;
    long rows = 0;
    Points managed = Points.ZERO;
    for (PartnerBreakdown p : evaluation.partners().values()) {
      managed = managed.plus(p.points().managed());
      for (ClientCredit c : p.clients()) {
        rows++;
        serviced += c.serviced() ? 1 : 0;
      }
    }
    return String.format("%,d partners, %,d clients, %,d rows, %,d serviced, %s managed points",
        evaluation.partners().size(), evaluation.clients().size(), rows, serviced, managed);
  }

  static List<Fact> facts(int clients) {
    Random random = new Random(1);
    List<Fact> facts = new ArrayList<>(clients * (2 + 2 * EMPLOYEES_PER_PARTNER * (1 + ACTIVITIES_PER_EMPLOYEE))
        + PARTNER_POOL * (1 + EMPLOYEES_PER_PARTNER));
    Instant start = AS_OF.minus(Duration.ofDays(400));
    long sequence = 0;
    for (int p = 0; p < PARTNER_POOL; p++) {
      long partnerId = 1_000_000 + p;
      facts.add(new PartnerRegistered("e" + sequence++, start, partnerId, "Partner " + p,
          List.of("p" + p + ".com"), p % 10 == 0));
      for (int e = 0; e < EMPLOYEES_PER_PARTNER; e++) {
        facts.add(new EmployeeAdded("e" + sequence++, start, partnerId, partnerId * 10 + e, email(p, e)));
      }
    }
    String[] types = {"contact.creation", "deal.propertyChange", "blog_post.published", "company.creation"};
    for (int c = 0; c < clients; c++) {
      long clientId = 10_000_000L + c;
      Currency currency = Currency.getInstance(CURRENCIES[c % CURRENCIES.length]);
      Instant clientStart = start.plus(Duration.ofDays(random.nextInt(30)));
      facts.add(new ClientUpserted("e" + sequence++, clientStart, clientId, "Client " + c, "c" + c + ".com", currency));
      facts.add(new SubscriptionChanged("e" + sequence++, clientStart, clientId,
          new Money(100_00L * (1 + random.nextInt(200)), currency)));
      int first = c % PARTNER_POOL;
      int second = (first + 1 + (c / PARTNER_POOL) % (PARTNER_POOL - 1)) % PARTNER_POOL;
      long userId = clientId * 10;
      for (int p : new int[] {first, second}) {
        for (int e = 0; e < EMPLOYEES_PER_PARTNER; e++) {
          long user = userId++;
          facts.add(new ClientUserAdded("e" + sequence++, clientStart.plus(Duration.ofDays(1)), clientId, user,
              email(p, e)));
          for (int a = 0; a < ACTIVITIES_PER_EMPLOYEE; a++) {
            Instant at = AS_OF.minus(Duration.ofMillis((long) (random.nextInt(120 * 86_400) + 1) * 1000L));
            facts.add(new Activity("e" + sequence++, clientId, user, types[a % types.length], at, true));
          }
        }
      }
    }
    return facts;
  }

  static String email(int partner, int employee) {
    return "emp" + employee + "@p" + partner + ".com";
  }
}
