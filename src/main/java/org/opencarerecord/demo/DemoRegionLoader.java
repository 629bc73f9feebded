package org.opencarerecord.demo;

import java.nio.charset.StandardCharsets;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;
import org.opencarerecord.ingest.BundleIngestion;
import org.opencarerecord.ingest.IngestResponse;
import org.opencarerecord.sources.Feed;
import org.opencarerecord.sources.SourceRegistry;
import org.opencarerecord.synthetic.RegionGenerator;
import org.opencarerecord.synthetic.SourceBundle;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.ApplicationArguments;
import org.springframework.boot.ApplicationRunner;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;

/**
 * On first start of the default run, loads the synthetic demo region through the same ingestion
 * every feed uses, each organisation's bundles through that organisation's feed. Runs before the
 * service reports itself ready. A region already loaded is not loaded again.
 */
@Component
@EnableConfigurationProperties(DemoProperties.class)
class DemoRegionLoader implements ApplicationRunner {

    private static final Logger log = LoggerFactory.getLogger(DemoRegionLoader.class);

    private final DemoProperties properties;
    private final SourceRegistry sources;
    private final BundleIngestion ingestion;
    private final JdbcClient jdbc;

    DemoRegionLoader(DemoProperties properties, SourceRegistry sources, BundleIngestion ingestion, JdbcClient jdbc) {
        this.properties = properties;
        this.sources = sources;
        this.ingestion = ingestion;
        this.jdbc = jdbc;
    }

    @Override
    public void run(ApplicationArguments args) throws Exception {
        if (!properties.isEnabled()) {
            return;
        }
        long loaded = jdbc.sql("SELECT count(*) FROM demo_region_load WHERE seed = ? AND people = ?")
                .params(properties.getSeed(), properties.getPeople()).query(Long.class).single();
        if (loaded > 0) {
            log.info("Demo region (seed {}, {} people) already loaded", properties.getSeed(), properties.getPeople());
            return;
        }
        load();
        jdbc.sql("INSERT INTO demo_region_load (seed, people, loaded_at) VALUES (?, ?, ?)")
                .params(properties.getSeed(), properties.getPeople(), Timestamp.from(Instant.now())).update();
    }

    private void load() throws Exception {
        Map<String, Feed> feeds = new HashMap<>();
        for (Feed feed : sources.feeds()) {
            feeds.putIfAbsent(feed.organisationCode(), feed);
        }
        RegionGenerator generator = new RegionGenerator(properties.getSeed());
        long started = System.nanoTime();
        log.info("Loading the synthetic demo region: {} people (seed {})", properties.getPeople(), properties.getSeed());
        AtomicInteger done = new AtomicInteger();
        AtomicInteger bundles = new AtomicInteger();
        ExecutorService pool = Executors.newFixedThreadPool(Math.max(1, properties.getThreads()));
        try {
            List<Future<?>> work = new ArrayList<>();
            for (int t = 0; t < properties.getThreads(); t++) {
                int first = t;
                work.add(pool.submit(() -> {
                    for (int p = first; p < properties.getPeople(); p += properties.getThreads()) {
                        for (SourceBundle bundle : generator.person(p)) {
                            Feed feed = feeds.get(bundle.organisationCode());
                            if (feed == null) {
                                throw new IllegalStateException("The demo region has data from " + bundle.organisationCode()
                                        + " but care-record.sources registers no feed for it");
                            }
                            IngestResponse response = ingestion.ingest(feed,
                                    bundle.json().getBytes(StandardCharsets.UTF_8), "application/fhir+json");
                            if (response.status() != 200) {
                                throw new IllegalStateException("A demo bundle was refused: " + response.json());
                            }
                            bundles.incrementAndGet();
                        }
                        int n = done.incrementAndGet();
                        if (n % 100 == 0) {
                            log.info("Demo region: {} of {} people loaded", n, properties.getPeople());
                        }
                    }
                    return null;
                }));
            }
            for (Future<?> f : work) {
                f.get();
            }
        } finally {
            pool.shutdownNow();
        }
        log.info("Demo region loaded: {} people, {} bundles in {} s", properties.getPeople(), bundles.get(),
                (System.nanoTime() - started) / 1_000_000_000);
    }
}
