# Used by `sam build` (Metadata: BuildMethod: makefile): SAM calls build-<LogicalId> with
# ARTIFACTS_DIR set. The Maven reactor builds `shared` with the function, which SAM's own
# Maven builder cannot do for a multi-module project.
MVN ?= mvn -B -q

build-ActivityIngestionFunction:
	$(MVN) -f $(CURDIR)/pom.xml -pl functions/activity-ingestion -am -DskipTests package
	mkdir -p $(ARTIFACTS_DIR)/lib
	cp $(CURDIR)/functions/activity-ingestion/target/activity-ingestion.jar $(ARTIFACTS_DIR)/lib/

build-ActivityDrainFunction:
	$(MVN) -f $(CURDIR)/pom.xml -pl functions/activity-ingestion -am -DskipTests package
	mkdir -p $(ARTIFACTS_DIR)/lib
	cp $(CURDIR)/functions/activity-ingestion/target/activity-ingestion.jar $(ARTIFACTS_DIR)/lib/

build-AssignmentChangesFunction:
	$(MVN) -f $(CURDIR)/pom.xml -pl functions/assignment-changes -am -DskipTests package
	mkdir -p $(ARTIFACTS_DIR)/lib
	cp $(CURDIR)/functions/assignment-changes/target/assignment-changes.jar $(ARTIFACTS_DIR)/lib/

build-TierComputationFunction:
	$(MVN) -f $(CURDIR)/pom.xml -pl functions/tier-computation -am -DskipTests package
	mkdir -p $(ARTIFACTS_DIR)/lib
	cp $(CURDIR)/functions/tier-computation/target/tier-computation.jar $(ARTIFACTS_DIR)/lib/

build-ReadModelFunction:
	$(MVN) -f $(CURDIR)/pom.xml -pl functions/tier-computation -am -DskipTests package
	mkdir -p $(ARTIFACTS_DIR)/lib
	cp $(CURDIR)/functions/tier-computation/target/tier-computation.jar $(ARTIFACTS_DIR)/lib/

build-PointsHistoryFunction:
	$(MVN) -f $(CURDIR)/pom.xml -pl functions/tier-computation -am -DskipTests package
	mkdir -p $(ARTIFACTS_DIR)/lib
	cp $(CURDIR)/functions/tier-computation/target/tier-computation.jar $(ARTIFACTS_DIR)/lib/

build-DriftCheckFunction:
	$(MVN) -f $(CURDIR)/pom.xml -pl functions/tier-computation -am -DskipTests package
	mkdir -p $(ARTIFACTS_DIR)/lib
	cp $(CURDIR)/functions/tier-computation/target/tier-computation.jar $(ARTIFACTS_DIR)/lib/

build-DashboardFunction:
	$(MVN) -f $(CURDIR)/pom.xml -pl functions/dashboard -am -DskipTests package
	mkdir -p $(ARTIFACTS_DIR)/lib
	cp $(CURDIR)/functions/dashboard/target/dashboard.jar $(ARTIFACTS_DIR)/lib/

build-PointsPublisherFunction:
	$(MVN) -f $(CURDIR)/pom.xml -pl functions/points-publisher -am -DskipTests package
	mkdir -p $(ARTIFACTS_DIR)/lib
	cp $(CURDIR)/functions/points-publisher/target/points-publisher.jar $(ARTIFACTS_DIR)/lib/

# The publication's shard workers, final step and record are entry points of the plan step's jar.
build-PublisherShardFunction build-PublisherFinishFunction build-PublisherRecordFunction: build-PointsPublisherFunction

.PHONY: build-ActivityIngestionFunction build-ActivityDrainFunction build-AssignmentChangesFunction build-TierComputationFunction \
	build-ReadModelFunction build-PointsHistoryFunction build-PointsPublisherFunction build-DashboardFunction \
	build-PublisherShardFunction build-PublisherFinishFunction build-PublisherRecordFunction
.PHONY: build-DriftCheckFunction
