package org.opencarerecord.synthetic;

import java.util.Map;
import java.util.SplittableRandom;

/** UK given names by sex and era of birth, surnames, nicknames. */
final class Names {

    private Names() {
    }

    /** Eras: born before 1945, 1945-1964, 1965-1984, 1985-2004, 2005 on. */
    static final String[][] FEMALE = {
            {"Margaret", "Joan", "Dorothy", "Mary", "Doris", "Irene", "Edna", "Elsie", "Elizabeth", "Winifred", "Jean", "Betty",
                    "Eileen", "Vera", "Marjorie", "Kathleen", "Gladys", "Lilian", "Phyllis", "Ivy", "Florence", "Hilda", "Annie",
                    "Ethel", "Evelyn", "Nora", "Bridget", "Maureen", "Sheila", "Audrey"},
            {"Susan", "Linda", "Christine", "Margaret", "Janet", "Patricia", "Carol", "Elizabeth", "Mary", "Anne", "Ann", "Jean",
                    "Pauline", "Maureen", "Barbara", "Valerie", "Sandra", "Jacqueline", "Brenda", "Kathleen", "Gillian", "Pamela",
                    "Irene", "Julie", "Lesley", "Carole", "Wendy", "Denise", "Teresa", "Bernadette"},
            {"Sarah", "Claire", "Nicola", "Emma", "Lisa", "Joanne", "Michelle", "Helen", "Samantha", "Karen", "Amanda", "Rachel",
                    "Louise", "Julie", "Tracey", "Kelly", "Donna", "Deborah", "Dawn", "Angela", "Elaine", "Alison", "Catherine",
                    "Victoria", "Gemma", "Jennifer", "Sharon", "Paula", "Lorraine", "Siobhan"},
            {"Rebecca", "Laura", "Jessica", "Hannah", "Amy", "Sophie", "Charlotte", "Lauren", "Emily", "Chloe", "Stephanie",
                    "Danielle", "Natalie", "Jade", "Hayley", "Megan", "Katie", "Georgia", "Bethany", "Abigail", "Holly", "Kirsty",
                    "Leanne", "Zoe", "Naomi", "Caitlin", "Shannon", "Ffion", "Rhiannon", "Niamh"},
            {"Olivia", "Amelia", "Isla", "Ava", "Mia", "Isabella", "Sophia", "Grace", "Lily", "Freya", "Ella", "Evie", "Poppy",
                    "Ruby", "Emily", "Sienna", "Millie", "Rosie", "Harper", "Willow", "Phoebe", "Matilda", "Ivy", "Florence",
                    "Evelyn", "Erin", "Orla", "Aoife", "Seren", "Maisie"}};

    static final String[][] MALE = {
            {"William", "John", "George", "James", "Thomas", "Albert", "Arthur", "Frederick", "Harold", "Charles", "Joseph",
                    "Ernest", "Walter", "Robert", "Frank", "Henry", "Stanley", "Leslie", "Sidney", "Kenneth", "Edward", "Alfred",
                    "Patrick", "Dennis", "Cyril", "Norman", "Reginald", "Herbert", "Francis", "Leonard"},
            {"David", "John", "Michael", "Peter", "Robert", "Paul", "Stephen", "Alan", "Brian", "Christopher", "Anthony", "Ian",
                    "Keith", "Graham", "Kevin", "Colin", "Barry", "Terence", "Philip", "Richard", "Gary", "Trevor", "Raymond",
                    "Derek", "Malcolm", "Roger", "Geoffrey", "Gerard", "Francis", "Dennis"},
            {"Mark", "Paul", "Andrew", "David", "Darren", "Steven", "Richard", "Jason", "Lee", "Neil", "Simon", "Craig",
                    "Jonathan", "Matthew", "Stuart", "Martin", "Christopher", "Carl", "Wayne", "Dean", "Gareth", "Sean", "Anthony",
                    "Kevin", "Philip", "Jamie", "Nicholas", "Robert", "Dafydd", "Ciaran"},
            {"Daniel", "Thomas", "James", "Matthew", "Christopher", "Ryan", "Jack", "Joshua", "Luke", "Adam", "Liam", "Michael",
                    "Jordan", "Callum", "Samuel", "Benjamin", "Connor", "Bradley", "Nathan", "Jake", "Kieran", "Ashley", "Scott",
                    "Jamie", "Owen", "Rhys", "Declan", "Aaron", "Lewis", "Sean"},
            {"Oliver", "George", "Harry", "Noah", "Jack", "Leo", "Arthur", "Muhammad", "Oscar", "Charlie", "Jacob", "Thomas",
                    "Freddie", "Alfie", "Theo", "Archie", "Henry", "Joshua", "Finley", "Lucas", "Logan", "Mason", "Max", "Ethan",
                    "Isaac", "Teddy", "Reuben", "Tommy", "Cillian", "Osian"}};

    static final String[] SURNAMES = {
            "Smith", "Jones", "Williams", "Taylor", "Brown", "Davies", "Evans", "Wilson", "Thomas", "Roberts", "Johnson", "Lewis",
            "Walker", "Robinson", "Wood", "Thompson", "White", "Watson", "Jackson", "Wright", "Green", "Harris", "Cooper", "King",
            "Lee", "Martin", "Clarke", "James", "Morgan", "Hughes", "Edwards", "Hill", "Moore", "Clark", "Harrison", "Scott",
            "Young", "Morris", "Hall", "Ward", "Turner", "Carter", "Phillips", "Mitchell", "Patel", "Adams", "Campbell",
            "Anderson", "Allen", "Cook", "Bailey", "Parker", "Miller", "Davis", "Murphy", "Price", "Bell", "Baker", "Griffiths",
            "Kelly", "Simpson", "Marshall", "Collins", "Bennett", "Cox", "Richardson", "Fox", "Gray", "Rose", "Chapman", "Hunt",
            "Robertson", "Shaw", "Reynolds", "Lloyd", "Ellis", "Richards", "Russell", "Wilkinson", "Khan", "Graham", "Stewart",
            "Reid", "Murray", "Powell", "Palmer", "Holmes", "Rogers", "Stevens", "Walsh", "Hunter", "Matthews", "Owen", "Mason",
            "Knight", "Kennedy", "Butler", "Saunders", "Cole", "Pearce", "Dean", "Foster", "Harvey", "Hudson", "Gibson", "Mills",
            "Berry", "Barnes", "Pearson", "Kaur", "Booth", "Dixon", "Grant", "Gordon", "Lane", "Harper", "Ali", "Hart", "McDonald",
            "Brooks", "Carr", "Hamilton", "Ryan", "Gallagher", "O'Neill", "O'Brien", "O'Connor", "O'Sullivan", "O'Hara",
            "O'Reilly", "McCarthy", "McGuinness", "McLaughlin", "Doyle", "Byrne", "Quinn", "Flanagan", "Brennan", "Fitzgerald",
            "Kavanagh", "Maguire", "Donnelly", "Duffy", "Connolly", "Nolan", "Keegan", "Rooney", "Jenkins", "Pritchard", "Pugh",
            "Parry", "Vaughan", "Rees", "Bowen", "Howells", "Llewellyn", "Gwynne", "Prosser", "Probert", "Meredith", "Griffith",
            "Hopkins", "Owens", "Riley", "Molyneux", "Fazakerley", "Rimmer", "Formby", "Tyrer", "Aspinall", "Leatherbarrow",
            "Ashcroft", "Halsall", "Sumner", "Culshaw", "Swift", "Kershaw", "Lunt", "Heaton", "Seddon", "Unsworth", "Rigby",
            "Bibby", "Bamber", "Ainsworth", "Eccleston", "Prescott", "Wareing", "Dunne", "Heffernan", "Mullen", "McGrath",
            "Cunningham", "Devlin", "Finnegan", "Moran", "Lynch", "Tierney", "Hegarty", "Chen", "Wong", "Okafor", "Adeyemi",
            "Mensah", "Hussain", "Begum", "Ahmed", "Singh", "Sharma", "Nowak", "Kowalski", "Costa", "Silva", "Rahman", "Yusuf",
            "Ibrahim", "Mohamed", "Osei", "Hassan"};

    static final Map<String, String> NICKNAMES = Map.ofEntries(
            Map.entry("William", "Bill"), Map.entry("Margaret", "Peggy"), Map.entry("James", "Jim"), Map.entry("Elizabeth", "Liz"),
            Map.entry("Robert", "Bob"), Map.entry("Richard", "Rick"), Map.entry("Thomas", "Tom"), Map.entry("Michael", "Mick"),
            Map.entry("Anthony", "Tony"), Map.entry("Patricia", "Pat"), Map.entry("Kathleen", "Kath"), Map.entry("Christine", "Chris"),
            Map.entry("Christopher", "Chris"), Map.entry("Joseph", "Joe"), Map.entry("Edward", "Ted"), Map.entry("Frederick", "Fred"),
            Map.entry("Albert", "Bert"), Map.entry("Jacqueline", "Jackie"), Map.entry("Susan", "Sue"), Map.entry("Stephen", "Steve"),
            Map.entry("Steven", "Steve"), Map.entry("Rebecca", "Becky"), Map.entry("Samantha", "Sam"), Map.entry("Samuel", "Sam"),
            Map.entry("Daniel", "Dan"), Map.entry("Jennifer", "Jenny"), Map.entry("Deborah", "Debbie"), Map.entry("Victoria", "Vicky"),
            Map.entry("Catherine", "Kate"), Map.entry("Peter", "Pete"), Map.entry("David", "Dave"), Map.entry("Terence", "Terry"),
            Map.entry("Gerard", "Ged"), Map.entry("Francis", "Frank"), Map.entry("Nicholas", "Nick"), Map.entry("Matthew", "Matt"),
            Map.entry("Benjamin", "Ben"), Map.entry("Joshua", "Josh"), Map.entry("Henry", "Harry"), Map.entry("Dorothy", "Dot"),
            Map.entry("Winifred", "Winnie"), Map.entry("Florence", "Flo"), Map.entry("Bernadette", "Bernie"),
            Map.entry("Jonathan", "Jon"), Map.entry("Philip", "Phil"), Map.entry("Kenneth", "Ken"), Map.entry("Leonard", "Len"),
            Map.entry("Raymond", "Ray"), Map.entry("Geoffrey", "Geoff"), Map.entry("Abigail", "Abbie"), Map.entry("Bethany", "Beth"),
            Map.entry("Natalie", "Nat"), Map.entry("Stephanie", "Steph"), Map.entry("Gillian", "Gill"), Map.entry("Pamela", "Pam"),
            Map.entry("Valerie", "Val"), Map.entry("Joanne", "Jo"), Map.entry("Nicola", "Nicky"), Map.entry("Alexander", "Alex"));

    static String pick(String[] values, SplittableRandom r) {
        return values[r.nextInt(values.length)];
    }

    static int era(int birthYear) {
        if (birthYear < 1945) {
            return 0;
        }
        if (birthYear < 1965) {
            return 1;
        }
        if (birthYear < 1985) {
            return 2;
        }
        return birthYear < 2005 ? 3 : 4;
    }
}
