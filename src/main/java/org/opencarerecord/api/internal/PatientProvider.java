package org.opencarerecord.api.internal;

import ca.uhn.fhir.context.FhirContext;
import ca.uhn.fhir.model.api.ResourceMetadataKeyEnum;
import ca.uhn.fhir.model.valueset.BundleEntrySearchModeEnum;
import ca.uhn.fhir.rest.annotation.IdParam;
import ca.uhn.fhir.rest.annotation.Operation;
import ca.uhn.fhir.rest.annotation.OptionalParam;
import ca.uhn.fhir.rest.annotation.Read;
import ca.uhn.fhir.rest.annotation.RequiredParam;
import ca.uhn.fhir.rest.annotation.Search;
import ca.uhn.fhir.rest.param.DateParam;
import ca.uhn.fhir.rest.param.DateRangeParam;
import ca.uhn.fhir.rest.param.StringParam;
import ca.uhn.fhir.rest.param.TokenParam;
import ca.uhn.fhir.rest.server.IResourceProvider;
import ca.uhn.fhir.rest.server.exceptions.InvalidRequestException;
import ca.uhn.fhir.rest.server.exceptions.ResourceGoneException;
import ca.uhn.fhir.rest.server.exceptions.ResourceNotFoundException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.math.BigDecimal;
import java.io.StringWriter;
import java.io.Writer;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.UUID;
import org.hl7.fhir.instance.model.api.IBaseResource;
import org.hl7.fhir.r4.model.IdType;
import org.hl7.fhir.r4.model.OperationOutcome;
import org.hl7.fhir.r4.model.Patient;
import org.hl7.fhir.r4.model.StringType;
import org.opencarerecord.access.RecordAccess;
import org.opencarerecord.identity.Person;
import org.opencarerecord.identity.PersonQuery;
import org.opencarerecord.identity.PersonSearchResult;
import org.opencarerecord.record.ResourceScope;
import org.opencarerecord.record.StoredResource;

/** The person as a Patient: read, search, and the whole record ($everything). */
class PatientProvider implements IResourceProvider {

    private final RecordAccess access;
    private final PatientComposer composer;
    private final FhirContext fhir;
    private final ApiProperties properties;

    PatientProvider(RecordAccess access, PatientComposer composer, FhirContext fhir, ApiProperties properties) {
        this.access = access;
        this.composer = composer;
        this.fhir = fhir;
        this.properties = properties;
    }

    @Override
    public Class<Patient> getResourceType() {
        return Patient.class;
    }

    @Read
    public Patient read(@IdParam IdType id) {
        return composer.compose(person(Ids.of(id)));
    }

    private Person person(UUID id) {
        return present(id, access.person(id));
    }

    private static Person present(UUID id, java.util.Optional<Person> found) {
        Person person = found.orElseThrow(() -> new ResourceNotFoundException("Patient/" + id + " is not known here"));
        if (person.sourceRecords().isEmpty()) {
            throw new ResourceGoneException("Patient/" + id + " holds no source record any more: its records were linked to"
                    + " another person (search by NHS number or identifier to find them)");
        }
        return person;
    }

    @Search
    public List<IBaseResource> byIdentifier(@RequiredParam(name = Patient.SP_IDENTIFIER) TokenParam identifier) {
        if (identifier.getValue() == null || identifier.getValue().isBlank()) {
            throw new InvalidRequestException("identifier needs a value, e.g. identifier=https://fhir.nhs.uk/Id/nhs-number|9434765919");
        }
        String system = identifier.getSystem() == null || identifier.getSystem().isEmpty() ? null : identifier.getSystem();
        return people(access.findByIdentifier(system, identifier.getValue().trim()));
    }

    /** The marker of an item that may not yet have been discussed with the person (decision 0016). */
    static final String NOT_YET_DISCUSSED = "https://fhir.opencarerecord.example/StructureDefinition/not-yet-discussed";
    private static final String NOT_YET_DISCUSSED_SEARCH = ",\"search\":{\"extension\":[{\"url\":\"" + NOT_YET_DISCUSSED
            + "\",\"valueString\":\"" + RecordAccess.NOT_YET_DISCUSSED + "\"}],\"mode\":\"match\"}}";

    /** Extension on each found Patient saying why it matched the search. */
    static final String MATCH_EXTENSION = "https://fhir.opencarerecord.example/StructureDefinition/search-match";

    @Search
    public List<IBaseResource> byDemographics(
            @OptionalParam(name = Patient.SP_FAMILY) StringParam family,
            @OptionalParam(name = Patient.SP_GIVEN) StringParam given,
            @OptionalParam(name = Patient.SP_BIRTHDATE) DateRangeParam birthDate,
            @OptionalParam(name = Patient.SP_GENDER) TokenParam gender,
            @OptionalParam(name = Patient.SP_ADDRESS_POSTALCODE) StringParam postcode) {
        DateBounds born = DateBounds.of(birthDate);
        LocalDate from = born.from() == null ? null : LocalDate.ofInstant(born.from(), ZoneOffset.UTC);
        LocalDate to = born.before() == null ? null : LocalDate.ofInstant(born.before(), ZoneOffset.UTC).minusDays(1);
        LocalDate exact = from != null && from.equals(to) ? from : null;
        if (from != null && to == null) {
            to = LocalDate.of(9999, 12, 31);
        }
        if (to != null && from == null) {
            from = LocalDate.of(1, 1, 1);
        }
        RecordAccess.PersonSearch search;
        try {
            search = access.search(new PersonQuery(value(family), value(given), exact, from, to,
                    gender == null ? null : gender.getValue(), value(postcode)), properties.getMaxPatientResults());
        } catch (IllegalArgumentException e) {
            throw new InvalidRequestException(e.getMessage());
        }
        PersonSearchResult result = search.result();
        List<IBaseResource> out = new ArrayList<>();
        for (PersonSearchResult.Match match : result.matches()) {
            java.util.Optional.ofNullable(search.persons().get(match.personId())).filter(p -> !p.sourceRecords().isEmpty()).ifPresent(p -> {
                Patient patient = composer.composeForSearch(p);
                patient.addExtension(MATCH_EXTENSION, new StringType(match.why()));
                ResourceMetadataKeyEnum.ENTRY_SEARCH_SCORE.put(patient, BigDecimal.valueOf(Math.round(match.score() * 10) / 10.0));
                out.add(patient);
            });
        }
        if (result.message() != null) {
            OperationOutcome narrow = new OperationOutcome();
            narrow.addIssue().setSeverity(OperationOutcome.IssueSeverity.WARNING)
                    .setCode(OperationOutcome.IssueType.TOOCOSTLY).setDiagnostics(result.message());
            ResourceMetadataKeyEnum.ENTRY_SEARCH_MODE.put(narrow, BundleEntrySearchModeEnum.OUTCOME);
            out.add(narrow);
        }
        return out;
    }

    private static String value(StringParam param) {
        return param == null || param.getValue() == null || param.getValue().isBlank() ? null : param.getValue().trim();
    }

    private List<IBaseResource> people(List<Person> persons) {
        List<IBaseResource> out = new ArrayList<>();
        for (Person p : persons) {
            if (!p.sourceRecords().isEmpty()) {
                out.add(composer.composeForSearch(p));
            }
        }
        return out;
    }

    /**
     * The whole record, streamed straight from the store: items are written as stored, never parsed
     * into model objects, so a page costs one index range scan and a copy. Pages are keyed on the
     * item id (stable order), so no item is repeated or missed between pages.
     */
    @Operation(name = "$everything", idempotent = true, manualResponse = true)
    public void everything(@IdParam IdType id, HttpServletRequest request, HttpServletResponse response)
            throws IOException {
        UUID personId = Ids.of(id);
        int count = intParam(request, "_count", properties.getEverythingPageSize());
        count = Math.max(1, Math.min(count, properties.getMaxPageSize()));
        List<String> types = types(request.getParameter("_type"));
        Instant since = instantParam(request, "_since");
        UUID after = uuidParam(request, "_page_after");

        boolean patientWanted = types == null || types.contains("Patient");
        boolean includePatient = after == null && patientWanted;
        List<String> itemTypes = types == null ? null : types.stream().filter(t -> !t.equals("Patient")).toList();
        int itemLimit = includePatient ? count - 1 : count;
        // one row more than the page tells whether there is a next page
        RecordAccess.RecordPage page = access.everything(personId, after, itemLimit + 1, itemTypes, since)
                .orElseThrow(() -> new ResourceNotFoundException("Patient/" + personId + " is not known here"));
        Person person = present(personId, java.util.Optional.of(page.person()));
        List<StoredResource> items = page.items();
        boolean more = items.size() > itemLimit;
        if (more) {
            items = items.subList(0, itemLimit);
        }
        long total = (patientWanted ? 1 : 0) + page.counts().visible();

        String base = request.getRequestURL().toString();
        String baseFhir = base.substring(0, base.indexOf("/Patient/"));
        boolean xml = wantsXml(request);
        response.setStatus(200);
        response.setContentType(xml ? "application/fhir+xml;charset=UTF-8" : "application/fhir+json;charset=UTF-8");
        // JSON, the common case, streams straight out; XML is built from it through HAPI FHIR's model
        Writer out = xml ? new StringWriter() : response.getWriter();
        out.write("{\"resourceType\":\"Bundle\",\"type\":\"searchset\",\"total\":");
        out.write(Long.toString(total));
        out.write(",\"link\":[{\"relation\":\"self\",\"url\":\"");
        out.write(jsonEscape(base + (request.getQueryString() == null ? "" : "?" + request.getQueryString())));
        out.write("\"}");
        if (more) {
            StringBuilder next = new StringBuilder(base).append("?_count=").append(count);
            if (request.getParameter("_type") != null) {
                next.append("&_type=").append(URLEncoder.encode(request.getParameter("_type"), StandardCharsets.UTF_8));
            }
            if (request.getParameter("_since") != null) {
                next.append("&_since=").append(URLEncoder.encode(request.getParameter("_since"), StandardCharsets.UTF_8));
            }
            next.append("&_page_after=").append(items.isEmpty() ? (after == null ? new UUID(0, 0) : after) : items.get(items.size() - 1).id());
            out.write(",{\"relation\":\"next\",\"url\":\"");
            out.write(jsonEscape(next.toString()));
            out.write("\"}");
        }
        out.write("],\"entry\":[");
        boolean first = true;
        if (page.objection() != null) {
            out.write(Withheld.entryJson(page.objection()));
            first = false;
        } else if (page.counts().withheld() > 0 && after == null) {
            out.write(Withheld.entryJson(Withheld.MESSAGE));
            first = false;
        }
        if (includePatient) {
            if (!first) {
                out.write(',');
            }
            writeEntry(out, baseFhir, "Patient", personId, fhir.newJsonParser().encodeResourceToString(composer.compose(person)),
                    false);
            first = false;
        }
        for (StoredResource item : items) {
            if (!first) {
                out.write(',');
            }
            first = false;
            writeEntry(out, baseFhir, item.resourceType(), item.id(), item.json(), access.mayNotYetBeDiscussed(item));
        }
        out.write("]}");
        if (xml) {
            response.getWriter().write(fhir.newXmlParser().encodeResourceToString(
                    fhir.newJsonParser().parseResource(out.toString())));
        }
        response.getWriter().flush();
    }

    private static boolean wantsXml(HttpServletRequest request) {
        String format = request.getParameter("_format");
        if (format != null) {
            return format.contains("xml");
        }
        String accept = request.getHeader("Accept");
        return accept != null && accept.contains("xml") && !accept.contains("json");
    }

    /** An entry; one that may not yet have been discussed with the person carries the marker on its search element. */
    private static void writeEntry(Writer out, String base, String type, UUID id, String json, boolean notYetDiscussed)
            throws IOException {
        out.write("{\"fullUrl\":\"");
        out.write(jsonEscape(base));
        out.write('/');
        out.write(type);
        out.write('/');
        out.write(id.toString());
        out.write("\",\"resource\":");
        out.write(json);
        out.write(notYetDiscussed ? NOT_YET_DISCUSSED_SEARCH : ",\"search\":{\"mode\":\"match\"}}");
    }

    private static List<String> types(String param) {
        if (param == null || param.isBlank()) {
            return null;
        }
        List<String> types = Arrays.stream(param.split(",")).map(String::trim).filter(s -> !s.isEmpty()).toList();
        for (String type : types) {
            if (!type.equals("Patient") && !ResourceScope.isItem(type)) {
                throw new InvalidRequestException("_type " + type + " is not a type of item this record holds; it holds "
                        + String.join(", ", ResourceScope.itemTypes().stream().sorted().toList()));
            }
        }
        return types;
    }

    private static int intParam(HttpServletRequest request, String name, int fallback) {
        String value = request.getParameter(name);
        if (value == null || value.isBlank()) {
            return fallback;
        }
        try {
            return Integer.parseInt(value.trim());
        } catch (NumberFormatException e) {
            throw new InvalidRequestException(name + " must be a whole number, not '" + value + "'");
        }
    }

    private static Instant instantParam(HttpServletRequest request, String name) {
        String value = request.getParameter(name);
        if (value == null || value.isBlank()) {
            return null;
        }
        try {
            return new DateParam(value).getValue().toInstant();
        } catch (RuntimeException e) {
            throw new InvalidRequestException(name + " must be a FHIR instant such as 2024-01-01T00:00:00Z, not '" + value + "'");
        }
    }

    private static UUID uuidParam(HttpServletRequest request, String name) {
        String value = request.getParameter(name);
        if (value == null || value.isBlank()) {
            return null;
        }
        try {
            return UUID.fromString(value);
        } catch (IllegalArgumentException e) {
            throw new InvalidRequestException(name + " is not a page marker this server gave out");
        }
    }

    private static String jsonEscape(String text) {
        StringBuilder out = new StringBuilder(text.length() + 8);
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            switch (c) {
                case '"' -> out.append("\\\"");
                case '\\' -> out.append("\\\\");
                default -> {
                    if (c < 0x20) {
                        out.append(String.format("\\u%04x", (int) c));
                    } else {
                        out.append(c);
                    }
                }
            }
        }
        return out.toString();
    }
}
