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
        boolean hl7 = false;
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
                if (a.equals("--hl7")) {
                    hl7 = true;
                    continue;
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
            long[] counts = new long[3];
            Path root = dir;
            java.util.Set<String> hospitals = new java.util.HashSet<>();
            java.util.Map<String, java.io.OutputStream> streams = new java.util.HashMap<>();
            for (SyntheticOrganisation o : RegionCatalogue.organisations()) {
                if (hl7 && o.kind().equals("acute-trust")) {
                    hospitals.add(o.code());
                }
            }
            new RegionGenerator(seed).generate(people, bundle -> {
                try {
                    Files.writeString(root.resolve(bundle.organisationCode()).resolve(bundle.personNumber() + ".json"), bundle.json(),
                            StandardCharsets.UTF_8);
                    if (hospitals.contains(bundle.organisationCode())) {
                        java.io.OutputStream stream = streams.get(bundle.organisationCode());
                        if (stream == null) {
                            stream = new java.io.BufferedOutputStream(Files.newOutputStream(
                                    root.resolve(bundle.organisationCode() + ".hl7")));
                            streams.put(bundle.organisationCode(), stream);
                        }
                        for (String message : Hl7Streams.messages(bundle)) {
                            // as on the wire: each message framed by MLLP's start and end blocks
                            stream.write(0x0B);
                            stream.write(message.getBytes(StandardCharsets.UTF_8));
                            stream.write(0x1C);
                            stream.write(0x0D);
                            counts[2]++;
                        }
                    }
                } catch (IOException e) {
                    throw new UncheckedIOException(e);
                }
                counts[0]++;
                counts[1] += countEntries(bundle.json());
            });
            for (java.io.OutputStream stream : streams.values()) {
                stream.close();
            }
            double seconds = (System.nanoTime() - started) / 1e9;
            out.printf("generated %d people, %d bundles, %d resources%s in %.1f seconds into %s%n", people, counts[0], counts[1],
                    hl7 ? ", " + counts[2] + " HL7 v2 messages" : "", seconds, dir);
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
        return "usage: generate --people N [--seed S] --out DIR [--hl7]   (writes DIR/organisations.json and"
                + " DIR/<orgCode>/<person>.json; --hl7 also DIR/<hospital code>.hl7, each hospital's data as the HL7 v2"
                + " messages its systems would have sent, MLLP-framed, for send-hl7)";
    }
}
