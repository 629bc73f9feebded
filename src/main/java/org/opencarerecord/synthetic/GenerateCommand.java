package org.opencarerecord.synthetic;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

import java.io.IOException;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;

/**
 * Command line: {@code --people N --seed S --out DIR}. Writes DIR/organisations.json and DIR/&lt;orgCode&gt;/&lt;personNumber&gt;.json.
 */
public final class GenerateCommand {

    private GenerateCommand() {
    }

    public static void main(String[] args) {
        System.exit(run(args));
    }

    /** CLI: args like --people 2000 --seed 7 --out DIR. Returns a process exit code; bad arguments give 2. */
    public static int run(String[] args) {
        return run(args, System.out, System.err);
    }

    static int run(String[] args, PrintStream out, PrintStream err) {
        Integer people = null;
        long seed = 1;
        Path dir = null;
        try {
            if (args == null) {
                throw new IllegalArgumentException("no arguments");
            }
            for (int i = 0; i < args.length; i++) {
                String a = args[i];
                if (a.equals("--help") || a.equals("-h")) {
                    out.println(usage());
                    return 0;
                }
                if (i + 1 >= args.length) {
                    throw new IllegalArgumentException("missing value for " + a);
                }
                String v = args[++i];
                switch (a) {
                    case "--people" -> {
                        try {
                            people = Integer.parseInt(v);
                        } catch (NumberFormatException e) {
                            throw new IllegalArgumentException("--people must be a whole number, not '" + v + "'");
                        }
                        if (people < 1 || people > RegionGenerator.maxPeople()) {
                            throw new IllegalArgumentException("--people must be between 1 and " + RegionGenerator.maxPeople());
                        }
                    }
                    case "--seed" -> {
                        try {
                            seed = Long.parseLong(v);
                        } catch (NumberFormatException e) {
                            throw new IllegalArgumentException("--seed must be a whole number, not '" + v + "'");
                        }
                    }
                    case "--out" -> dir = Paths.get(v);
                    default -> throw new IllegalArgumentException("unknown argument " + a);
                }
            }
            if (people == null) {
                throw new IllegalArgumentException("--people is required");
            }
            if (dir == null) {
                throw new IllegalArgumentException("--out is required");
            }
            if (Files.exists(dir) && !Files.isDirectory(dir)) {
                throw new IllegalArgumentException("--out " + dir + " exists and is not a directory");
            }
        } catch (IllegalArgumentException e) {
            err.println("generate: " + e.getMessage());
            err.println(usage());
            return 2;
        }
        try {
            long started = System.nanoTime();
            Files.createDirectories(dir);
            ArrayNode orgs = Json.arr();
            for (SyntheticOrganisation o : RegionCatalogue.organisations()) {
                ObjectNode n = orgs.addObject();
                n.put("code", o.code());
                n.put("name", o.name());
                n.put("kind", o.kind());
                n.put("phone", o.phone());
                n.put("email", o.email());
                n.put("address", o.address());
                Files.createDirectories(dir.resolve(o.code()));
            }
            Files.writeString(dir.resolve("organisations.json"),
                    Json.MAPPER.writerWithDefaultPrettyPrinter().writeValueAsString(orgs), StandardCharsets.UTF_8);
            long[] counts = new long[2];
            Path root = dir;
            new RegionGenerator(seed).generate(people, bundle -> {
                try {
                    Files.writeString(root.resolve(bundle.organisationCode()).resolve(bundle.personNumber() + ".json"), bundle.json(),
                            StandardCharsets.UTF_8);
                } catch (IOException e) {
                    throw new UncheckedIOException(e);
                }
                counts[0]++;
                counts[1] += countEntries(bundle.json());
            });
            double seconds = (System.nanoTime() - started) / 1e9;
            out.printf("generated %d people, %d bundles, %d resources in %.1f seconds into %s%n", people, counts[0], counts[1], seconds, dir);
            return 0;
        } catch (IOException | UncheckedIOException e) {
            err.println("generate: cannot write to " + dir + ": " + e.getMessage());
            return 1;
        }
    }

    /** Number of entries in a bundle's JSON (each has exactly one fullUrl). */
    static int countEntries(String json) {
        int n = 0;
        int i = 0;
        while ((i = json.indexOf("\"fullUrl\"", i)) >= 0) {
            n++;
            i += 9;
        }
        return n;
    }

    static String usage() {
        return "usage: generate --people N [--seed S] --out DIR   (writes DIR/organisations.json and DIR/<orgCode>/<person>.json)";
    }
}
