package org.opencarerecord.audit.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import org.junit.jupiter.api.Test;
import org.opencarerecord.audit.StaffMember;

/** Reading a staff register file, and the keys the privacy reports compare. */
class StaffCsvTest {

    @Test
    void aFileWithQuotedCommasLineBreaksAndABomReads() {
        List<StaffCsv.Line> lines = StaffCsv.read("\uFEFFUser_Id,postcode,address_line_1,address_line_2\r\n"
                + "u1,L17 0DB,\"Flat 2, \"\"The Mews\"\"\",\"Aigburth\nLiverpool\"\r\n\r\n"
                + "u2,,,\n");
        assertThat(lines).hasSize(2);
        assertThat(lines.get(0).details().addressLines()).containsExactly("Flat 2, \"The Mews\"", "Aigburth\nLiverpool");
        assertThat(lines.get(1).number()).as("numbered as the file's lines").isEqualTo(5);
        assertThat(lines.get(1).details().postcode()).isNull();
    }

    @Test
    void aBadHeaderOrLineIsNamed() {
        assertThatThrownBy(() -> StaffCsv.read("user_id,surname\nu1,Khan\n")).hasMessageContaining("'surname'");
        assertThatThrownBy(() -> StaffCsv.read("nhs_number\n9434765919\n")).hasMessageContaining("no user_id column");
        assertThatThrownBy(() -> StaffCsv.read("user_id,postcode\nu1\n")).hasMessageContaining("line 2 has 1 fields");
        assertThatThrownBy(() -> StaffCsv.read("user_id,postcode\nu1,\"L1\n")).hasMessageContaining("never closed");
        assertThatThrownBy(() -> StaffCsv.read("")).hasMessageContaining("empty");
    }

    @Test
    void keysIgnoreCaseSpacingPunctuationAndStreetAbbreviations() {
        assertThat(StaffMember.postcodeKey(" l17 0db ")).isEqualTo("L170DB");
        assertThat(StaffMember.addressKey("14, Aigburth Rd.")).isEqualTo(StaffMember.addressKey("14 AIGBURTH ROAD"));
        assertThat(StaffMember.addressKey("12 High St")).isEqualTo(StaffMember.addressKey("12 high street"));
        assertThat(StaffMember.addressKey("14 Aigburth Road")).isNotEqualTo(StaffMember.addressKey("41 Aigburth Road"));
        assertThat(StaffMember.nameKey("Ó Briain-Smyth")).isEqualTo("obriainsmyth");
        assertThat(StaffMember.addressKey(" , ")).isNull();
    }
}
