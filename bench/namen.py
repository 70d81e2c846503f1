"""Names for the benchmark's persons, as a neighbourhood like Amsterdam-Oost has them (Dutch,
Moroccan, Turkish, Surinamese, Ghanaian, Somali, Polish, ... first and last names), so the
duplicate check searches names that share parts the way real ones do ("Mohamed", "El", "de").
About 200 first names x 280 last names, a fifth with a second last name: far fewer distinct
names than a city has, so more near-matches per search than in reality (a pessimistic bench)."""

VOORNAMEN = """
Mohamed Mohammed Ahmed Ali Youssef Yusuf Hamza Omar Ibrahim Mustafa Mehmet Ahmet Emre Burak
Hakan Murat Kemal Hasan Huseyin Osman Abdel Abdelkader Karim Khalid Rachid Said Samir Nordin
Bilal Ayoub Anouar Soufiane Ismail Adam Noah Daan Sem Lucas Levi Finn Jesse Bram Thijs Ruben
Jan Piet Kees Henk Gerrit Willem Johan Klaas Dirk Hans Peter Mark Erik Sander Dennis Kevin
Marco Rachid Stanley Ricardo Romano Dwayne Glenn Roy Kofi Kwame Kwabena Yaw Kojo Abdi Abdullahi
Hassan Liban Farah Piotr Pawel Tomasz Krzysztof Marek Andrei Ion Mihai Raj Sunil Arjun Vikram
Fatima Fatma Aicha Aisha Khadija Meryem Maryam Nadia Samira Latifa Naima Houria Malika Zahra
Salma Imane Hanane Loubna Sanae Yasmina Ayse Emine Hatice Zeynep Elif Esra Merve Ozlem Sibel
Gul Leyla Emma Julia Sophie Anna Lisa Eva Sara Fleur Tess Noor Lotte Iris Femke Anouk Maria
Marieke Els Ingrid Wilma Gerda Annie Truus Tineke Petra Sandra Monique Linda Priscilla Shirley
Rosita Jessica Natasha Akosua Ama Abena Efua Adwoa Hodan Ayan Sahra Hibo Agnieszka Katarzyna
Magdalena Joanna Ewa Elena Ioana Priya Anjali Sunita Deborah Grace Esther Ruth Naomi Chantal
Sharon Melissa Kimberley Samantha Ilse Bianca Yvonne Carla Karin Marianne Esmeralda Dewi
""".split()

ACHTERNAMEN = """
Jansen de_Jong de_Vries van_den_Berg van_Dijk Bakker Janssen Visser Smit Meijer de_Boer Mulder
de_Groot Bos Vos Peters Hendriks van_Leeuwen Dekker Brouwer de_Wit Dijkstra Smits de_Graaf
van_der_Meer van_der_Linden Kok Jacobs de_Haan Vermeulen van_den_Heuvel van_der_Veen van_den_Broek
de_Bruijn de_Bruin van_der_Heijden Schouten van_Beek Willems van_Vliet van_de_Ven Hoekstra Maas
Verhoeven Koster van_Dam van_der_Wal Prins Blom Huisman Peeters de_Jonge Kuipers van_Veen Post
Kuiper Veenstra Kramer van_den_Brink Scholten van_Wijk Postma Martens Vink de_Ruiter Timmermans
Groen Gerritsen Jonker van_Loon Boer van_der_Velde Willemsen Smeets de_Lange de_Vos Bosch
El_Amrani El_Idrissi El_Khattabi El_Ouardi El_Moussaoui El_Hamdaoui El_Bakkali El_Haddouchi
Bouzid Boukhari Bouali Benali Benaissa Benhaddou Bennani Chaouch Chakir Azzouzi Amrani Alaoui
Aziz Haddou Hamdi Kaddouri Kasmi Lahlou Mansouri Messaoudi Naciri Ouali Rahmani Saidi Tahiri
Zerouali Ziani Aarab Abdellaoui Achahbar Ait_Taleb Akhiat Amezian Bakkali Belhaj Boutaleb
Yilmaz Kaya Demir Sahin Celik Yildiz Yildirim Ozturk Aydin Ozdemir Arslan Dogan Kilic Aslan
Cetin Kara Koc Kurt Ozkan Simsek Polat Korkmaz Karatas Erdogan Altun Gunes Aksoy Tekin Bulut
Keskin Uysal Yavuz Turan Akin Kaplan Ozer Cakir Guler Acar Bozkurt Tas Erdem Sezer Ucar
Pinas Kross Biswane Sital Ramdin Ramsaran Jagessar Mahabier Kalloe Soekhai Ramcharan Bhagwandin
Tjin Lie Wong Lo_A_Njoe Zaalman Vreden Emanuels Fraenk Linger Abena Brunings Doelwijt Plet
Mensah Owusu Boateng Asante Osei Appiah Agyeman Addo Amoako Darko Ofori Acheampong Badu Antwi
Mohamud Ahmed_Ali Hassan_Ali Warsame Farah Abdi Hirsi Jama Omar_Nur Yusuf_Aden Dahir Ismail
Kowalski Nowak Wisniewski Wojcik Kowalczyk Kaminski Lewandowski Zielinski Szymanski Wozniak
Popescu Ionescu Popa Stan Dumitru Sharma Singh Patel Kumar Gupta Chaudhary Rodrigues Pereira
Santos Ferreira Oliveira Fernandes Martins Silva Costa Gomes Lopes Marques Alves Ribeiro Pinto
Garcia Martinez Lopez Gonzalez Perez Sanchez Romero Torres Ramirez Flores Diaz Cruz Morales
Ortiz Gutierrez Chavez Ramos Ruiz Alvarez Castillo Jimenez Moreno Herrera Medina Aguilar Vargas
""".split()


def naam(rng) -> str:
    """A first name and a last name (a fifth of them with a second one)."""
    achter = rng.choice(ACHTERNAMEN).replace("_", " ")
    if rng.random() < 0.2:
        achter = f"{achter}-{rng.choice(ACHTERNAMEN).replace('_', ' ')}"
    return f"{rng.choice(VOORNAMEN)} {achter}"


def telefoon(rng) -> str:
    """Most persons give a mobile number, written as people write them."""
    if rng.random() < 0.4:
        return ""
    cijfers = f"{rng.randrange(10**8):08d}"
    return rng.choice([f"06-{cijfers}", f"06{cijfers}", f"+31 6 {cijfers[:4]} {cijfers[4:]}"])


def postcode(rng) -> str:
    """A postcode of Amsterdam-Oost and around (1091-1098), stored as the service stores it."""
    letters = "ABCDEFGHJKLMNPRSTVWXZ"
    return f"109{rng.randint(1, 8)} {rng.choice(letters)}{rng.choice(letters)}"
