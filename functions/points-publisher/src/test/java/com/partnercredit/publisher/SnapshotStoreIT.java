package com.partnercredit.publisher;

import static org.junit.jupiter.api.Assertions.assertEquals;

import com.partnercredit.store.BatchWriter;
import com.partnercredit.testsupport.DynamoDbExtension;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** A partner's snapshot of any size is stored and read back whole (an oversized one failed the publication). */
class SnapshotStoreIT {
  @RegisterExtension static final DynamoDbExtension DYNAMO = new DynamoDbExtension();

  @Test
  void aSnapshotOfFiftyThousandClientsIsStoredAndReadBackWhole() throws Exception {
    SnapshotStore store = new SnapshotStore(DYNAMO.client(), DYNAMO.tableName(),
        new BatchWriter(DYNAMO.client(), DYNAMO.tableName()));
    Snapshot huge = SnapshotTest.huge(50_000, 500);

    store.putAll(List.of(huge));
    store.putAll(List.of(huge)); // a re-run overwrites with the same items

    assertEquals(Optional.of(huge), store.of(huge.partnerId(), huge.day()));
    assertEquals(Optional.of(huge), store.before(huge.partnerId(), huge.day().plusDays(1)));
  }
}
