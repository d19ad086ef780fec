"""Job titles, by industry slug."""

from typing import Final

# Dense, several-per-line layout keeps these vocabularies reviewable.
# fmt: off

TITLES_BY_INDUSTRY: Final[dict[str, tuple[str, ...]]] = {
    "computer_software": (
        "Software Engineer", "Senior Software Engineer", "Staff Software Engineer",
        "Engineering Manager", "Product Manager", "Frontend Developer", "Backend Developer",
        "Full Stack Developer", "QA Engineer", "Site Reliability Engineer", "CTO",
        "Principal Engineer",
    ),
    "information_technology_and_services": (
        "IT Consultant", "Systems Administrator", "Cloud Architect", "IT Project Manager",
        "Solutions Architect", "Service Desk Lead", "DevOps Engineer", "Network Engineer",
        "IT Operations Manager", "Technical Account Manager",
    ),
    "internet": (
        "Growth Product Manager", "Data Scientist", "Community Manager", "Mobile Engineer",
        "Trust & Safety Specialist", "UX Researcher", "Head of Product", "Platform Engineer",
        "Content Strategist", "SEO Specialist",
    ),
    "banking": (
        "Relationship Manager", "Credit Analyst", "Branch Manager", "Risk Manager",
        "Compliance Officer", "Treasury Analyst", "Loan Officer", "Head of Retail Banking",
        "AML Investigator", "Corporate Banking Associate",
    ),
    "financial_services": (
        "Financial Analyst", "Wealth Manager", "Portfolio Manager", "Payments Product Manager",
        "Quantitative Analyst", "Financial Advisor", "Head of Finance", "Fraud Analyst",
        "Investment Associate", "Controller",
    ),
    "hospital_and_health_care": (
        "Registered Nurse", "Clinical Nurse Specialist", "Physician", "Hospital Administrator",
        "Physiotherapist", "Radiographer", "Pharmacist", "Healthcare Data Analyst",
        "Head of Nursing", "Medical Director",
    ),
    "management_consulting": (
        "Consultant", "Senior Consultant", "Associate Partner", "Partner", "Business Analyst",
        "Engagement Manager", "Strategy Consultant", "Transformation Lead",
        "Operations Consultant", "Managing Director",
    ),
    "marketing_and_advertising": (
        "Marketing Manager", "Brand Strategist", "Creative Director", "Copywriter",
        "Performance Marketing Lead", "Social Media Manager", "Account Director",
        "Media Planner", "Content Marketing Manager", "Chief Marketing Officer",
    ),
    "telecommunications": (
        "RF Engineer", "Network Planning Engineer", "Telecom Project Manager",
        "Core Network Engineer", "Field Operations Manager", "5G Solutions Architect",
        "Customer Experience Lead", "Product Marketing Manager", "NOC Engineer",
        "Fibre Deployment Manager",
    ),
    "renewables_and_environment": (
        "Energy Analyst", "Wind Turbine Technician", "Solar Project Developer",
        "Sustainability Manager", "Environmental Consultant", "Grid Integration Engineer",
        "Asset Manager", "ESG Analyst", "Head of Project Development", "Energy Storage Engineer",
    ),
    "biotechnology": (
        "Research Scientist", "Senior Scientist", "Lab Manager", "Bioinformatician",
        "Process Development Engineer", "Clinical Research Associate", "Regulatory Affairs Lead",
        "Principal Investigator", "Computational Biologist", "Chief Scientific Officer",
    ),
    "accounting": (
        "Accountant", "Senior Auditor", "Tax Manager", "Audit Associate", "Audit Partner",
        "Bookkeeper", "Financial Controller", "Forensic Accountant", "Tax Advisor",
        "Payroll Specialist",
    ),
    "airlines_aviation": (
        "Airline Pilot", "First Officer", "Flight Attendant", "Aircraft Maintenance Engineer",
        "Flight Dispatcher", "Revenue Management Analyst", "Ground Operations Manager",
        "Cabin Crew Manager", "Airport Operations Coordinator", "Safety & Compliance Manager",
    ),
    "logistics_and_supply_chain": (
        "Supply Chain Analyst", "Logistics Coordinator", "Warehouse Manager",
        "Procurement Specialist", "Demand Planner", "Fleet Manager",
        "Head of Operations", "Customs Broker", "Inventory Controller",
        "Transport Planner",
    ),
    "higher_education": (
        "Professor", "Associate Professor", "Lecturer", "Postdoctoral Researcher",
        "PhD Candidate", "Research Assistant", "Dean", "Admissions Officer",
        "Academic Advisor", "Head of Department",
    ),
    "retail": (
        "Store Manager", "Merchandiser", "Buyer", "E-commerce Manager", "Category Manager",
        "Visual Merchandiser", "Retail Operations Manager", "Customer Service Lead",
        "Regional Manager", "Loss Prevention Specialist",
    ),
    "real_estate": (
        "Real Estate Agent", "Property Manager", "Leasing Consultant", "Real Estate Analyst",
        "Development Manager", "Valuation Surveyor", "Asset Manager", "Broker",
        "Facilities Manager", "Head of Acquisitions",
    ),
    "pharmaceuticals": (
        "Medical Science Liaison", "Pharmacovigilance Specialist", "Clinical Trial Manager",
        "Formulation Scientist", "Quality Assurance Manager", "Regulatory Affairs Specialist",
        "Medical Affairs Manager", "Sales Representative", "Biostatistician",
        "Head of R&D",
    ),
    "computer_games": (
        "Game Designer", "Gameplay Programmer", "Technical Artist", "Level Designer",
        "3D Artist", "Producer", "Narrative Designer", "Engine Programmer", "QA Tester",
        "Creative Director",
    ),
    "staffing_and_recruiting": (
        "Recruiter", "Senior Technical Recruiter", "Talent Acquisition Partner",
        "Sourcing Specialist", "Recruitment Consultant", "Head of Talent",
        "Executive Search Consultant", "Account Manager", "Recruitment Coordinator",
        "Talent Partner",
    ),
    "legal_services": (
        "Associate", "Senior Associate", "Partner", "Paralegal", "Legal Counsel",
        "General Counsel", "Trainee Solicitor", "Compliance Counsel", "Legal Operations Manager",
        "Barrister",
    ),
    "construction": (
        "Site Manager", "Project Manager", "Quantity Surveyor", "Civil Engineer",
        "Structural Engineer", "Construction Manager", "Health & Safety Officer",
        "Estimator", "BIM Coordinator", "Contracts Manager",
    ),
    "automotive": (
        "Mechanical Engineer", "Powertrain Engineer", "Battery Systems Engineer",
        "Manufacturing Engineer", "Quality Engineer", "Vehicle Dynamics Engineer",
        "Supply Chain Manager", "Plant Manager", "Embedded Software Engineer",
        "Homologation Specialist",
    ),
    "design": (
        "Product Designer", "Senior UX Designer", "UI Designer", "Design Lead",
        "Graphic Designer", "Brand Designer", "Interaction Designer", "Design Director",
        "Illustrator", "Motion Designer",
    ),
    "computer_and_network_security": (
        "Security Engineer", "Penetration Tester", "SOC Analyst", "Security Architect",
        "Incident Responder", "Threat Intelligence Analyst", "CISO", "Application Security Lead",
        "GRC Analyst", "Cloud Security Engineer",
    ),
    "venture_capital_and_private_equity": (
        "Analyst", "Associate", "Principal", "Partner", "General Partner", "Venture Partner",
        "Investment Director", "Head of Platform", "Scout", "Operating Partner",
    ),
    "artificial_intelligence": (
        "Machine Learning Engineer", "Research Scientist", "Applied Scientist",
        "MLOps Engineer", "Data Engineer", "AI Product Manager", "NLP Engineer",
        "Computer Vision Engineer", "Head of AI", "AI Ethics Researcher",
    ),
}

# fmt: on
