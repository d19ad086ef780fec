"""Skills, by industry slug."""

from typing import Final

# Dense, several-per-line layout keeps these vocabularies reviewable.
# fmt: off

SKILLS_BY_INDUSTRY: Final[dict[str, tuple[str, ...]]] = {
    "computer_software": (
        "Python", "Django", "JavaScript", "TypeScript", "React", "PostgreSQL", "Go", "Rust",
        "Kubernetes", "Docker", "System Design", "Test-Driven Development", "REST APIs",
        "Git", "CI/CD",
    ),
    "information_technology_and_services": (
        "ITIL", "Microsoft Azure", "Amazon Web Services", "Linux", "Networking",
        "Active Directory", "Terraform", "IT Service Management", "VMware",
        "Project Management", "Cloud Migration", "Ansible",
    ),
    "internet": (
        "A/B Testing", "Product Analytics", "SQL", "Growth Marketing", "SEO", "User Research",
        "Content Moderation", "iOS Development", "Android Development", "Community Building",
        "Experimentation", "Data Visualization",
    ),
    "banking": (
        "Credit Risk", "Anti-Money Laundering", "KYC", "Financial Modeling", "Basel III",
        "Relationship Management", "Treasury", "Commercial Lending", "Regulatory Compliance",
        "Retail Banking", "Risk Management", "Excel",
    ),
    "financial_services": (
        "Financial Analysis", "Portfolio Management", "Payments", "Wealth Management",
        "Budgeting", "Forecasting", "Valuation", "Fraud Detection", "Python", "Bloomberg",
        "IFRS", "Financial Planning",
    ),
    "hospital_and_health_care": (
        "Patient Care", "Electronic Health Records", "Clinical Research", "BLS", "ICU",
        "Healthcare Management", "Infection Control", "Medication Administration",
        "Patient Safety", "Triage", "HIPAA", "Care Coordination",
    ),
    "management_consulting": (
        "Strategy", "Business Transformation", "Stakeholder Management", "Change Management",
        "Operating Models", "Due Diligence", "PowerPoint", "Process Improvement",
        "Market Sizing", "Lean Six Sigma", "Workshop Facilitation", "Business Case Development",
    ),
    "marketing_and_advertising": (
        "Brand Strategy", "Digital Marketing", "Copywriting", "Google Ads", "Social Media",
        "Content Marketing", "Marketing Automation", "Campaign Management", "Media Buying",
        "Storytelling", "Email Marketing", "Market Research",
    ),
    "telecommunications": (
        "LTE", "5G", "RF Planning", "IP Networking", "MPLS", "Fibre Optics", "VoIP",
        "Network Operations", "SD-WAN", "Telecom Regulation", "BGP", "Project Delivery",
    ),
    "renewables_and_environment": (
        "Solar PV", "Wind Energy", "Energy Storage", "Power Purchase Agreements",
        "Environmental Impact Assessment", "Sustainability Reporting", "Carbon Accounting",
        "Grid Connection", "Project Finance", "GIS", "ESG", "Life Cycle Assessment",
    ),
    "biotechnology": (
        "CRISPR", "Cell Culture", "PCR", "Next-Generation Sequencing", "Bioinformatics",
        "Protein Purification", "Flow Cytometry", "GMP", "R", "Assay Development",
        "Molecular Biology", "Immunology",
    ),
    "accounting": (
        "Auditing", "IFRS", "US GAAP", "Tax Compliance", "Financial Reporting", "Xero",
        "SAP", "Reconciliation", "Internal Controls", "Payroll", "Excel", "Management Accounts",
    ),
    "airlines_aviation": (
        "Flight Operations", "Crew Resource Management", "EASA Regulations",
        "Aircraft Maintenance", "Safety Management Systems", "Revenue Management",
        "Airline Scheduling", "Ground Handling", "Customer Service", "Boeing 737",
        "Airbus A320", "Dangerous Goods",
    ),
    "logistics_and_supply_chain": (
        "Supply Chain Management", "Inventory Management", "Procurement", "Demand Planning",
        "Warehouse Management Systems", "Lean Logistics", "Freight Forwarding", "Incoterms",
        "SAP", "Route Optimization", "Vendor Management", "Customs Compliance",
    ),
    "higher_education": (
        "Teaching", "Curriculum Development", "Academic Writing", "Grant Writing",
        "Research Methods", "Statistics", "Public Speaking", "Mentoring", "Peer Review",
        "Qualitative Research", "Student Advising", "LaTeX",
    ),
    "retail": (
        "Merchandising", "Retail Operations", "Inventory Control", "Customer Experience",
        "Visual Merchandising", "E-commerce", "Category Management", "Pricing Strategy",
        "Team Leadership", "Loss Prevention", "Shopify", "Sales",
    ),
    "real_estate": (
        "Property Management", "Real Estate Valuation", "Leasing", "Negotiation",
        "Real Estate Development", "Due Diligence", "Investment Analysis", "Argus",
        "Facilities Management", "Tenant Relations", "Urban Planning", "Sales",
    ),
    "pharmaceuticals": (
        "Clinical Trials", "Pharmacovigilance", "GMP", "Regulatory Submissions",
        "Drug Development", "Medical Affairs", "Quality Assurance", "GCP", "Biostatistics",
        "Formulation", "Market Access", "Validation",
    ),
    "computer_games": (
        "Unity", "Unreal Engine", "C++", "C#", "Game Design", "Level Design", "3D Modeling",
        "Blender", "Shaders", "Multiplayer Networking", "Narrative Design", "Playtesting",
    ),
    "staffing_and_recruiting": (
        "Technical Recruiting", "Sourcing", "Boolean Search", "Interviewing",
        "Employer Branding", "Applicant Tracking Systems", "Candidate Experience",
        "Talent Acquisition", "Headhunting", "Negotiation", "Onboarding",
        "Diversity Recruiting",
    ),
    "legal_services": (
        "Contract Law", "Litigation", "Corporate Law", "Mergers & Acquisitions",
        "Legal Research", "GDPR", "Intellectual Property", "Employment Law",
        "Legal Writing", "Negotiation", "Dispute Resolution", "Compliance",
    ),
    "construction": (
        "Project Management", "AutoCAD", "Revit", "BIM", "Cost Estimation",
        "Construction Safety", "Contract Management", "Structural Analysis",
        "Site Supervision", "Scheduling", "Primavera P6", "Quantity Surveying",
    ),
    "automotive": (
        "CAD", "CATIA", "Automotive Engineering", "Battery Management Systems", "AUTOSAR",
        "Lean Manufacturing", "FMEA", "ISO 26262", "Embedded C", "MATLAB", "Six Sigma",
        "Electric Vehicles",
    ),
    "design": (
        "Figma", "User Experience", "Interaction Design", "Prototyping", "Design Systems",
        "Adobe Illustrator", "Typography", "Branding", "Usability Testing", "Accessibility",
        "Motion Design", "Information Architecture",
    ),
    "computer_and_network_security": (
        "Penetration Testing", "SIEM", "Incident Response", "Threat Modeling",
        "Network Security", "Cloud Security", "ISO 27001", "Vulnerability Management",
        "Malware Analysis", "OWASP", "Identity and Access Management", "Zero Trust",
    ),
    "venture_capital_and_private_equity": (
        "Venture Capital", "Due Diligence", "Financial Modeling", "Deal Sourcing",
        "Term Sheets", "Portfolio Management", "Market Analysis", "Valuation",
        "Startups", "Fundraising", "Board Governance", "LBO Modeling",
    ),
    "artificial_intelligence": (
        "Machine Learning", "Deep Learning", "PyTorch", "TensorFlow",
        "Natural Language Processing", "Computer Vision", "Large Language Models", "Python",
        "MLOps", "Reinforcement Learning", "Statistics", "Data Engineering",
    ),
}

# fmt: on
